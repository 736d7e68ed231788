import type { AppView } from '../../lib/apps/types';

/** An app's state in words, with a tone for its badge. */
export function statusWords(app: Pick<AppView, 'status' | 'has_script'>): { label: string; tone: 'ok' | 'idle' | 'bad'; detail: string } {
  switch (app.status) {
    case 'running':
      return { label: 'Running', tone: 'ok', detail: 'Its node-side script is running.' };
    case 'stopped':
      return { label: 'Ready', tone: 'idle', detail: 'Its node-side script starts when it is needed.' };
    case 'suspended':
      return {
        label: 'Suspended',
        tone: 'bad',
        detail: 'Its node-side script was stopped after breaking its limits again and again (see its incidents). Its page still opens; resume the script when you trust it again.',
      };
    case 'no_script':
      return { label: 'Page only', tone: 'idle', detail: 'It has no node-side script: only its page runs, in a sandbox.' };
    default:
      return { label: String(app.status), tone: 'idle', detail: '' };
  }
}

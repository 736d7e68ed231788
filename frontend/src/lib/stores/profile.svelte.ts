import { call, type NodeInfo } from '../api/client';
import { describeError, type ErrorInfo } from '../errors';
import { session } from './session.svelte';

/** What the Profile view shows about the node: `node.info` and the API's size. */
export class NodeDetails {
  info = $state<NodeInfo | null>(null);
  methodCount = $state<number | null>(null);
  contractVersion = $state<number | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<ErrorInfo | null>(null);

  async load(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    this.error = null;
    try {
      const [info, methods] = await Promise.all([call('node.info', {}), call('api.methods', {})]);
      this.info = info;
      this.methodCount = methods.methods.length;
      this.contractVersion = methods.contract_version;
      this.status = 'ready';
    } catch (e) {
      session.handle(e);
      this.error = describeError(e);
      this.status = 'error';
    }
  }
}

export const nodeDetails = new NodeDetails();

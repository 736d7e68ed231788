/**
 * The mini-app types the UI reads: the `apps.*` methods' inputs and outputs, from the
 * generated API types (lib/api/types.ts, made from the Rust ones), under the names the Apps
 * tab uses.
 */
import type { Methods } from '../api/types';

/** An installed app (`apps.list`, `apps.install`, `apps.grant`, `apps.resume`). */
export type AppView = Methods['apps.list']['output']['apps'][number];
/** What `apps.inspect` says about a link: nothing is installed yet. */
export type AppInspection = Methods['apps.inspect']['output'];
/** A mini-app's signed manifest. */
export type AppManifest = AppInspection['app'];
/** A permission an app asks for, in plain words (money ones shown marked, off by default). */
export type PermissionInfo = AppView['requested'][number];
/** Something that went wrong in an app's node-side script (a limit breached, a crash). */
export type Incident = AppView['incidents'][number];

/** Where an app's node-side script stands (`AppView.status`). */
export type AppStatus = 'running' | 'stopped' | 'suspended' | 'no_script';

/** When an incident happened (ms since the epoch). */
export const incidentTime = (i: Incident): number => i.at;

/** The names of the permissions an app asks for. */
export const requestedNames = (app: Pick<AppView, 'requested'>): string[] => app.requested.map((p) => p.name);

/** The methods the Apps tab calls. */
export type AppMethods = Pick<
  Methods,
  'apps.list' | 'apps.inspect' | 'apps.install' | 'apps.grant' | 'apps.uninstall' | 'apps.resume' | 'apps.call' | 'api.permissions'
>;

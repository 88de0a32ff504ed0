import type { SwitchyardApi } from '../shared/ipc-contract';
export type WindowApi = SwitchyardApi;

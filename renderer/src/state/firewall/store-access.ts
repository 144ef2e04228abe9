import type { StoreApi } from 'zustand';
import type { WizardStore } from '../wizard-store';

/** The store's set and get, as the firewall slice's action modules receive them. */
export type SetStore = StoreApi<WizardStore>['setState'];
export type GetStore = StoreApi<WizardStore>['getState'];

import type { SponsorshipApi } from '../../preload/api/index';

declare global {
  interface Window {
    /** The task-shaped bridge from preload/index.ts (`typeof sponsorship`). */
    sponsorship: SponsorshipApi;
  }
}

/** How the edited env file reaches the running containers. */
export type ApplyMethod = 'restart' | 'rebuild' | 'no-pull';

export interface ApplyMethodInfo {
  title: string;
  /** What it does and when to choose it, for the screen and `--help`. */
  explain: string;
}

/** What each method runs, from bitwarden/self-host `bitwarden.sh` and `run.sh`. */
export const APPLY_METHODS: Record<ApplyMethod, ApplyMethodInfo> = {
  restart: {
    title: 'Restart (recommended)',
    explain:
      'Runs "./bitwarden.sh restart": stops the containers, pulls the current images, starts them again with the edited ' +
      'global.override.env. Keeps the edit exactly as written. This is what Bitwarden\'s help page says to do after ' +
      'editing the env file. Needs access to the image registry: if the pull fails the script stops with the stack down.',
  },
  rebuild: {
    title: 'Rebuild, then start',
    explain:
      'Runs "./bitwarden.sh rebuild" then "./bitwarden.sh start". Rebuild regenerates the configuration from config.yml ' +
      'and rewrites global.override.env: values are kept but comments and blank lines are dropped (the backup made ' +
      'before the edit still has them). Choose it when you also changed config.yml. Start pulls images like restart.',
  },
  'no-pull': {
    title: 'Recreate containers without pulling',
    explain:
      'Runs "docker compose -f bwdata/docker/docker-compose.yml up -d" (plus docker-compose.override.yml when present): ' +
      'recreates the containers whose environment changed, with the images already on this server. Choose it when the ' +
      'server cannot reach the image registry: restart and start pull first and leave the stack down when the pull fails.',
  },
};

export const APPLY_METHOD_NAMES = Object.keys(APPLY_METHODS) as ApplyMethod[];

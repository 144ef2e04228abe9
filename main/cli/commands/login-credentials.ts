import { CoreError } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { canPrompt, promptHidden, promptLine } from '../prompt';

export interface ApiKeyInput {
  clientId: string;
  clientSecret: string;
  source: 'environment' | 'prompt';
}

/**
 * The personal API key for `login`: BW_CLIENTID / BW_CLIENTSECRET like Bitwarden's own CLI, else asked
 * on the terminal (the secret without echo). Never from argv: process arguments are visible to every
 * user of the machine. Without a terminal and without the environment, this is unusable input (exit 2).
 */
export async function readApiKey(context: Pick<CliContext, 'env' | 'stdin' | 'stderr' | 'log'>, role: 'cloud' | 'self'): Promise<ApiKeyInput> {
  const envId = context.env.BW_CLIENTID?.trim();
  const envSecret = context.env.BW_CLIENTSECRET?.trim();
  if (envId && envSecret) {
    context.log('[login] using the API key from BW_CLIENTID / BW_CLIENTSECRET');
    return { clientId: envId, clientSecret: envSecret, source: 'environment' };
  }
  const streams = { stdin: context.stdin, stderr: context.stderr };
  if (!canPrompt(streams)) {
    throw new CoreError(
      'missing-credentials',
      `No API key for the ${role === 'cloud' ? 'cloud' : 'self-hosted'} server: set BW_CLIENTID and BW_CLIENTSECRET ` +
        '(web vault: Account settings → Security → Keys → View API key), or run in a terminal to be asked. Nothing was changed.',
      'unusable-input',
    );
  }
  const where = role === 'cloud' ? 'Bitwarden cloud' : 'self-hosted vault';
  const clientId = envId || (await promptLine(`client_id for the ${where} (user.…): `, streams)).trim();
  if (!clientId) throw new CoreError('invalid-client-id', 'No client_id given; nothing was changed.', 'unusable-input');
  const clientSecret = (await promptHidden(`client_secret for ${clientId} (not shown): `, streams)).trim();
  if (!clientSecret) throw new CoreError('invalid-client-secret', 'No client_secret given; nothing was changed.', 'unusable-input');
  return { clientId, clientSecret, source: 'prompt' };
}

// Placeholder until the `run` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook run',
  async run() {
    throw new UserError('runbook run is not built yet');
  },
};
export default command;

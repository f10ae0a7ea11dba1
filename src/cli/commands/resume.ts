// Placeholder until the `resume` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook resume',
  async run() {
    throw new UserError('runbook resume is not built yet');
  },
};
export default command;

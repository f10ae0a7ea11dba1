// A value binding will not put where its placeholder stands (a NUL byte, an option-looking value where
// it would be an option, text unsafe where another shell reads it, ...): a UserError naming the
// parameter, so the UI can ask for that value again and exec can refuse before anything runs.
import { UserError, EXIT } from '../errors.js';

export class ValueRefused extends UserError {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message, EXIT.usage);
    this.name = 'ValueRefused';
  }
}

// The two ways an installer's command can refuse: bad input (exit 1: the hex, id, EPC, file or device named
// is wrong) and a usage error (exit 2: missing argument, unknown flag, flag value outside its choices).

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

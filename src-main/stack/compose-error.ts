import type { SourcePos } from './compose-model';

/** A problem in a compose file, reported as `file:line: path: message`. */
export class ComposeError extends Error {
  constructor(
    readonly pos: SourcePos | undefined,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${pos ? `${pos.file}:${pos.line}: ` : ''}${path ? `${path}: ` : ''}${detail}`);
    this.name = 'ComposeError';
  }
}

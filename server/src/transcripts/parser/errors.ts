/** Why a text cannot be parsed; `line` is 1-based, `field` names the input at fault ("text", "format", …). */
export class TranscriptParseError extends Error {
  override readonly name = 'TranscriptParseError';

  constructor(
    message: string,
    readonly line: number | null = null,
    readonly field: string = 'text',
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
  }
}

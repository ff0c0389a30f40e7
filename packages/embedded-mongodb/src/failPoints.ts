// MongoDB's `failCommand` fail point, a test command (the server's enableTestCommands): it makes chosen
// commands fail, close their connection, stall or report a write concern error, so that drivers' and
// applications' error handling (retries, transaction labels) can be tested against the engine.
import { Doc, isPlainObject, toInteger, truthy } from './bson';
import { CommandError, ErrorCode } from './errors';

/** How often a fail point fires: MongoDB's `mode` ('alwaysOn', 'off', { times }, { skip }, { activationProbability }). */
type Activation =
  | { kind: 'alwaysOn' }
  | { kind: 'times'; remaining: number }
  | { kind: 'skip'; toSkip: number }
  | { kind: 'probability'; probability: number };

interface FailCommandData {
  failCommands: string[];
  appName?: string;
  closeConnection: boolean;
  blockTimeMS?: number;
  errorCode?: number;
  errorLabels?: string[];
  writeConcernError?: Doc;
}

/** What the fail point does to one command before it runs. */
export interface FailCommandEffect {
  closeConnection: boolean;
  blockTimeMS?: number;
  error?: CommandError;
}

/**
 * The error a fail point makes a command fail with. Labels the fail point names replace those the server
 * would add (MongoDB's errorLabelsOverride); without them the server adds its own.
 */
export class FailPointError extends CommandError {
  constructor(
    code: number,
    readonly labelsOverride: string[] | undefined,
  ) {
    super(code, "Failing command via 'failCommand' failpoint", {
      ...(labelsOverride ? { errorLabels: [...labelsOverride] } : {}),
    });
  }
}

/** A configured fail point: when it fires and what it was given. */
interface FailPoint<Data> {
  activation: Activation;
  data: Data;
}

/**
 * The fail points the engine has: `failCommand` (checked before every command, and after one that writes,
 * for a write concern error) and `failGetMoreAfterCursorCheckout` (a getMore on an open cursor fails).
 */
export class FailPoints {
  private failCommand: FailPoint<FailCommandData> | undefined;
  private failGetMore: FailPoint<{ errorCode: number }> | undefined;
  /** Times each fail point fired since it was last configured (configureFailPoint answers it as `count`). */
  private readonly fired = new Map<string, number>();

  /** configureFailPoint: returns how often the fail point fired under its previous configuration. */
  configure(name: unknown, mode: unknown, data: unknown): number {
    if (name !== 'failCommand' && name !== 'failGetMoreAfterCursorCheckout') {
      throw new CommandError(ErrorCode.BadValue, `Cannot find failpoint: ${String(name)}`);
    }
    const activation = parseMode(mode);
    const previous = this.fired.get(name) ?? 0;
    this.fired.set(name, 0);
    if (name === 'failCommand') {
      this.failCommand = activation ? { activation, data: parseFailCommandData(data) } : undefined;
    } else {
      const errorCode = isPlainObject(data) ? toInteger(data.errorCode) : undefined;
      this.failGetMore = activation
        ? { activation, data: { errorCode: errorCode ?? ErrorCode.InternalError } }
        : undefined;
    }
    return previous;
  }

  /**
   * Whether failCommand fires for this command (counting the firing) and what it then does before the
   * command runs: close the connection, stall, or fail with the configured code. A write-concern-only
   * configuration is answered by `writeConcernErrorFor` after the command instead.
   */
  beforeCommand(commandName: string, appName: string | undefined): FailCommandEffect | undefined {
    const point = this.failCommand;
    if (!point || !applies(point.data, commandName, appName)) return undefined;
    const data = point.data;
    if (!data.closeConnection && data.blockTimeMS === undefined && data.errorCode === undefined) {
      return undefined;
    }
    if (!this.fire('failCommand', point)) return undefined;
    const effect: FailCommandEffect = { closeConnection: data.closeConnection };
    if (data.blockTimeMS !== undefined) effect.blockTimeMS = data.blockTimeMS;
    if (data.errorCode !== undefined) effect.error = new FailPointError(data.errorCode, data.errorLabels);
    return effect;
  }

  /** The write concern error failCommand adds to this command's (successful) reply, if it fires. */
  writeConcernErrorFor(
    commandName: string,
    appName: string | undefined,
  ): { writeConcernError: Doc; errorLabels?: string[] } | undefined {
    const point = this.failCommand;
    if (!point?.data.writeConcernError || !applies(point.data, commandName, appName)) return undefined;
    if (!this.fire('failCommand', point)) return undefined;
    return {
      writeConcernError: { ...point.data.writeConcernError },
      ...(point.data.errorLabels ? { errorLabels: [...point.data.errorLabels] } : {}),
    };
  }

  /** failGetMoreAfterCursorCheckout: the error a getMore on an existing cursor fails with, if it fires. */
  getMoreError(): CommandError | undefined {
    const point = this.failGetMore;
    if (!point || !this.fire('failGetMoreAfterCursorCheckout', point)) return undefined;
    return new CommandError(point.data.errorCode, "Hit the 'failGetMoreAfterCursorCheckout' failpoint");
  }

  private fire(name: string, point: FailPoint<unknown>): boolean {
    const activation = point.activation;
    switch (activation.kind) {
      case 'alwaysOn':
        break;
      case 'times':
        if (activation.remaining <= 0) return false;
        activation.remaining -= 1;
        break;
      case 'skip':
        if (activation.toSkip > 0) {
          activation.toSkip -= 1;
          return false;
        }
        break;
      case 'probability':
        if (Math.random() >= activation.probability) return false;
        break;
    }
    this.fired.set(name, (this.fired.get(name) ?? 0) + 1);
    return true;
  }
}

function applies(data: FailCommandData, commandName: string, appName: string | undefined): boolean {
  // configureFailPoint itself is never failed, whatever failCommands lists.
  if (commandName === 'configureFailPoint') return false;
  if (data.appName !== undefined && data.appName !== appName) return false;
  return data.failCommands.includes(commandName);
}

function parseMode(mode: unknown): Activation | undefined {
  if (mode === 'alwaysOn') return { kind: 'alwaysOn' };
  if (mode === 'off') return undefined;
  if (isPlainObject(mode)) {
    const times = toInteger(mode.times);
    if (times !== undefined && times >= 0)
      return times === 0 ? undefined : { kind: 'times', remaining: times };
    const skip = toInteger(mode.skip);
    if (skip !== undefined && skip >= 0) return { kind: 'skip', toSkip: skip };
    const probability = mode.activationProbability;
    if (typeof probability === 'number' && probability >= 0 && probability <= 1) {
      return { kind: 'probability', probability };
    }
  }
  throw new CommandError(
    ErrorCode.BadValue,
    "'mode' must be one of 'off', 'alwaysOn', { times }, { skip } or { activationProbability }",
  );
}

function parseFailCommandData(data: unknown): FailCommandData {
  if (!isPlainObject(data) || !Array.isArray(data.failCommands)) {
    throw new CommandError(
      ErrorCode.BadValue,
      "failCommand needs 'data.failCommands', an array of command names",
    );
  }
  const parsed: FailCommandData = {
    failCommands: data.failCommands.filter((name): name is string => typeof name === 'string'),
    closeConnection: truthy(data.closeConnection),
  };
  if (typeof data.appName === 'string') parsed.appName = data.appName;
  if (truthy(data.blockConnection)) parsed.blockTimeMS = Math.max(0, toInteger(data.blockTimeMS) ?? 0);
  const errorCode = toInteger(data.errorCode);
  if (errorCode !== undefined) parsed.errorCode = errorCode;
  if (Array.isArray(data.errorLabels)) {
    parsed.errorLabels = data.errorLabels.filter((label): label is string => typeof label === 'string');
  }
  if (isPlainObject(data.writeConcernError)) parsed.writeConcernError = data.writeConcernError;
  return parsed;
}

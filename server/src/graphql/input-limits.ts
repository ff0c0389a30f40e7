import { getNamedType, GraphQLInputObjectType } from 'graphql';
import type { ResolverData, ValidatorFn } from 'type-graphql';
import { MAX_TRANSCRIPT_BYTES } from '../transcripts/parser';
import { checkInputLengths, DEFAULT_MAX_INPUT_LENGTH } from '../shared/validate';

/** Text arguments (not input fields, which use @MaxLength) allowed more than the default, by field.argument. */
const LONG_TEXT_ARGUMENTS: Record<string, number> = {
  // The parser refuses more than MAX_TRANSCRIPT_BYTES bytes itself; characters are never more than bytes.
  'previewTranscript.text': MAX_TRANSCRIPT_BYTES,
  'importTranscript.text': MAX_TRANSCRIPT_BYTES,
};

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** The names of the field's arguments whose input type is `argType` (a type-graphql input class). */
function argumentNamesOfType(argType: unknown, resolverData: ResolverData): string[] {
  if (typeof argType !== 'function') return [];
  const { parentType, fieldName } = resolverData.info;
  const definition = parentType.getFields()[fieldName];
  return (definition?.args ?? [])
    .filter((arg) => {
      const named = getNamedType(arg.type);
      return named instanceof GraphQLInputObjectType && named.name === argType.name;
    })
    .map((arg) => arg.name);
}

/**
 * Every text a resolver receives has a length limit, checked before it runs: BAD_USER_INPUT naming the field
 * (`filter.q`, `options.title`, `slug`) instead of a huge value reaching the database or the log.
 */
export const checkInputLimits: ValidatorFn = (argValue, argType, resolverData) => {
  if (typeof argValue === 'string' || (Array.isArray(argValue) && argValue.every(isText))) {
    // type-graphql does not say which argument a scalar value is: check the field's text arguments by name.
    for (const [name, raw] of Object.entries(resolverData.args)) {
      const limit = LONG_TEXT_ARGUMENTS[`${resolverData.info.fieldName}.${name}`] ?? DEFAULT_MAX_INPUT_LENGTH;
      if (isText(raw) || (Array.isArray(raw) && raw.every(isText))) checkInputLengths(name, raw, limit);
    }
    return;
  }
  if (argValue === null || typeof argValue !== 'object') return;
  const names = argumentNamesOfType(argType, resolverData);
  // No argument of that input type: the value is an @ArgsType class, whose keys are the arguments.
  if (names.length === 0) checkInputLengths('', argValue);
  for (const name of names) checkInputLengths(name, argValue);
};

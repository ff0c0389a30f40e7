import type { RequestContext } from '../graphql/context';
import type { InterviewFilter } from '../interviews/interview.inputs';
import { parseId } from '../shared/mongo/ids';

/**
 * `filter.translationOf`: every version of that interview's group (itself included), as the ids the
 * interviews service filters by (intersected with `filter.ids` when both are given).
 */
export async function withTranslationGroup(
  ctx: RequestContext,
  filter: InterviewFilter | undefined,
): Promise<InterviewFilter | undefined> {
  if (!filter?.translationOf) return filter;
  const id = parseId('filter.translationOf', filter.translationOf);
  const [group] = await ctx.services.translations.groupsOf([id]);
  const versions = (group?.members ?? [id]).map((member) => member.toHexString());
  const { translationOf: _translationOf, ...rest } = filter;
  return { ...rest, ids: rest.ids ? rest.ids.filter((given) => versions.includes(given)) : versions };
}

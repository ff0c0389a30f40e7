import type { ClientSession, Collection, Document, Filter, ObjectId } from 'mongodb';
import { escapeRegExp, slugify } from '../text';

/** A slug derived from `text` that no other document of the collection uses yet ("name", "name-2", …). */
export async function uniqueSlug<T extends Document>(
  collection: Collection<T>,
  text: string,
  session?: ClientSession,
  exceptId?: ObjectId,
): Promise<string> {
  const base = slugify(text);
  const taken = new Set(
    (
      await collection
        .find({ slug: { $regex: `^${escapeRegExp(base)}(-\\d+)?$` } } as unknown as Filter<T>, {
          session,
          projection: { slug: 1 },
        })
        .toArray()
    )
      .filter((doc) => !exceptId || !exceptId.equals(doc._id as ObjectId))
      .map((doc) => doc.slug as string),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

import { getMetadataStorage } from 'type-graphql';
import { buildGraphQLSchema } from '../../src/graphql/schema';

/** The class itself or one it extends: its fields are the type's fields. */
function declaresFieldsOf(target: unknown, type: { prototype: object }): boolean {
  return typeof target === 'function' && (target === type || type.prototype instanceof target);
}

/**
 * Types built with `simpleResolvers` skip type-graphql's field wrapper, and with it @Authorized and
 * middleware on their plain fields: a check declared there would silently not run. None may be declared.
 */
describe('object types with simple resolvers', () => {
  beforeAll(async () => {
    await buildGraphQLSchema();
  });

  it('are the transcript types, and none of their fields declares access rules or middleware', () => {
    const storage = getMetadataStorage();
    // The resolvers' own @Authorized declarations are here too: the list below is the one that counts.
    expect(storage.authorizedFields.length).toBeGreaterThan(0);
    const simple = storage.objectTypes.filter((type) => type.simpleResolvers === true);
    expect(simple.map((type) => type.name).sort()).toEqual(['Answer', 'Speaker']);
    for (const type of simple) {
      const target = type.target as { prototype: object };
      const guarded = [...storage.authorizedFields, ...storage.middlewares]
        .filter((entry) => declaresFieldsOf(entry.target, target))
        .map((entry) => `${type.name}.${entry.fieldName}`);
      expect(guarded).toEqual([]);
    }
  });
});

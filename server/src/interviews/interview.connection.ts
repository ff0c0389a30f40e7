import { Field, Int, ObjectType } from 'type-graphql';
import { Interview } from './interview.type';
import type { InterviewCursor } from './interview.service';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class InterviewEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Interview)
  node!: Interview;
}

@ObjectType({ description: 'A page of interviews, newest publication first.' })
export class InterviewConnection {
  // Query.interviews multiplies by the page size.
  @Field(() => [InterviewEdge], { complexity: ({ childComplexity }) => childComplexity })
  edges!: InterviewEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Counting every interview the pages hold costs more than the page itself: done only when asked for. */
  private countAll: () => Promise<number> = () => Promise.resolve(0);

  static of(
    edges: InterviewEdge[],
    pageInfo: PageInfo,
    countAll: () => Promise<number>,
  ): InterviewConnection {
    const connection = new InterviewConnection();
    connection.edges = edges;
    connection.pageInfo = pageInfo;
    connection.countAll = countAll;
    return connection;
  }

  @Field(() => Int, { description: 'How many interviews the pages hold in all.' })
  totalCount(): Promise<number> {
    return this.countAll();
  }
}

export function encodeCursor(cursor: InterviewCursor): string {
  return Buffer.from(JSON.stringify([cursor.publishedAt?.toISOString() ?? null, cursor.id])).toString(
    'base64url',
  );
}

/** The cursor's position, or null when it is not one of ours. */
export function decodeCursor(text: string): InterviewCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [publishedAt, id] = value as unknown[];
    if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) return null;
    if (publishedAt !== null && (typeof publishedAt !== 'string' || Number.isNaN(Date.parse(publishedAt))))
      return null;
    return { publishedAt: publishedAt === null ? null : new Date(publishedAt), id };
  } catch {
    return null;
  }
}

// find/findAndModify projections (MongoDB 4.4+ semantics). Field order follows the stored document,
// computed fields come after, in the order they are specified.
import { Doc, isPlainObject, toInteger, toNumber, truthy } from './bson';
import { CommandError, ErrorCode } from './errors';
import { compileFilter, EvalOptions, evaluateExpressions, Matcher } from './query';

interface Node {
  include?: boolean;
  exclude?: boolean;
  slice?: [skip: number, limit: number | undefined];
  elemMatch?: Matcher;
  positional?: boolean;
  computed?: unknown;
  children?: Map<string, Node>;
}

export interface Projection {
  apply(docs: Doc[]): Doc[];
}

function isOperatorObject(value: unknown): value is Doc {
  return isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

function parseSlice(value: unknown): [number, number | undefined] {
  if (Array.isArray(value)) {
    const skip = toInteger(value[0]);
    const limit = toInteger(value[1]);
    if (value.length !== 2 || skip === undefined || limit === undefined || limit <= 0) {
      throw new CommandError(ErrorCode.BadValue, '$slice takes [skip, limit] with a positive limit');
    }
    return [skip, limit];
  }
  const n = toInteger(value);
  if (n === undefined)
    throw new CommandError(ErrorCode.BadValue, '$slice only supports numbers and [skip, limit] arrays');
  return n >= 0 ? [0, n] : [n, undefined];
}

function applySlice(value: unknown, [skip, limit]: [number, number | undefined]): unknown {
  if (!Array.isArray(value)) return value;
  const start = skip < 0 ? Math.max(0, value.length + skip) : Math.min(skip, value.length);
  return limit === undefined ? value.slice(start) : value.slice(start, start + limit);
}

/** Equality-free conditions of the filter that touch `path`, for the positional `$` projection. */
function positionalMatcher(filter: Doc | undefined, path: string, options: EvalOptions): Matcher {
  const conditions: Doc = {};
  const collect = (f: Doc) => {
    for (const [key, value] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(value)) value.forEach((sub) => isPlainObject(sub) && collect(sub));
      else if (key === path || key.startsWith(path + '.')) conditions[key] = value;
    }
  };
  if (filter) collect(filter);
  if (Object.keys(conditions).length === 0) {
    throw new CommandError(
      ErrorCode.BadValue,
      'Executor error during find command :: caused by :: positional operator (.$) requires the array field in the query',
    );
  }
  return compileFilter(conditions, options);
}

function wrapAt(path: string, value: unknown): Doc {
  const parts = path.split('.');
  let wrapped: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) wrapped = { [parts[i]]: wrapped };
  return wrapped as Doc;
}

export function compileProjection(
  spec: unknown,
  filter: Doc | undefined,
  options: EvalOptions = {},
): Projection | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) throw new CommandError(ErrorCode.TypeMismatch, 'projection must be an object');
  if (Object.keys(spec).length === 0) return undefined;

  const root = new Map<string, Node>();
  let mode: 'inclusion' | 'exclusion' | undefined;
  let includeId = true;
  const computed: [path: string, expr: unknown][] = [];

  const setMode = (wanted: 'inclusion' | 'exclusion', path: string) => {
    if (mode === undefined) mode = wanted;
    else if (mode !== wanted) {
      if (wanted === 'exclusion') {
        throw new CommandError(
          ErrorCode.Location31254,
          `Cannot do exclusion on field ${path} in inclusion projection`,
        );
      }
      throw new CommandError(
        ErrorCode.Location31253,
        `Cannot do inclusion on field ${path} in exclusion projection`,
      );
    }
  };

  const nodeAt = (path: string): Node => {
    const parts = path.split('.');
    let level = root;
    let node: Node | undefined;
    for (let i = 0; i < parts.length; i++) {
      node = level.get(parts[i]);
      if (!node) {
        node = {};
        level.set(parts[i], node);
      } else if (
        i < parts.length - 1 &&
        !node.children &&
        (node.include || node.exclude || node.computed !== undefined)
      ) {
        throw new CommandError(ErrorCode.Location31250, `Path collision at ${path}`);
      }
      if (i < parts.length - 1) {
        node.children ??= new Map();
        level = node.children;
      }
    }
    if (node && (node.children || node.include || node.exclude)) {
      throw new CommandError(ErrorCode.Location31250, `Path collision at ${path}`);
    }
    return node as Node;
  };

  const visit = (prefix: string, value: unknown, key: string) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (path === '_id' && !isPlainObject(value)) {
      if (typeof value === 'string') {
        nodeAt(path).computed = value;
        computed.push([path, value]);
      } else {
        includeId = truthy(value);
      }
      return;
    }
    if (path.endsWith('.$')) {
      setMode('inclusion', path);
      nodeAt(path.slice(0, -2)).positional = true;
      return;
    }
    if (typeof value === 'boolean' || toNumber(value) !== undefined) {
      const on = value === true || (typeof value !== 'boolean' && toNumber(value) !== 0);
      setMode(on ? 'inclusion' : 'exclusion', path);
      nodeAt(path)[on ? 'include' : 'exclude'] = true;
      return;
    }
    if (isOperatorObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$slice' && !(typeof value.$slice === 'string')) {
        nodeAt(path).slice = parseSlice(value.$slice);
        return;
      }
      if (keys.length === 1 && keys[0] === '$elemMatch') {
        setMode('inclusion', path);
        const condition = value.$elemMatch;
        const matcher = compileFilter({ e: { $elemMatch: condition } }, options);
        nodeAt(path).elemMatch = (element) => matcher({ e: [element] });
        return;
      }
      setMode('inclusion', path);
      nodeAt(path).computed = value;
      computed.push([path, value]);
      return;
    }
    if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(path, v, k);
      return;
    }
    setMode('inclusion', path);
    nodeAt(path).computed = value;
    computed.push([path, value]);
  };
  for (const [key, value] of Object.entries(spec)) visit('', value, key);

  const positional = new Map<string, Matcher>();
  const findPositional = (level: Map<string, Node>, prefix: string) => {
    for (const [key, node] of level) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (node.positional) positional.set(path, positionalMatcher(filter, path, options));
      if (node.children) findPositional(node.children, path);
    }
  };
  findPositional(root, '');

  const effectiveMode = mode ?? 'exclusion';

  const project = (doc: Doc, level: Map<string, Node>, prefix: string, top: boolean): Doc => {
    const out: Doc = {};
    for (const [key, value] of Object.entries(doc)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (top && key === '_id' && !level.has('_id')) {
        if (includeId) out[key] = value;
        continue;
      }
      const node = level.get(key);
      if (effectiveMode === 'exclusion') {
        if (!node) out[key] = value;
        else if (node.exclude) continue;
        else if (node.children) out[key] = projectValue(value, node.children, path);
        else if (node.slice) out[key] = applySlice(value, node.slice);
        else out[key] = value;
        continue;
      }
      if (!node) continue;
      if (node.positional && Array.isArray(value)) {
        const matcher = positional.get(path);
        const hit = value.find((element) => matcher?.(wrapAt(path, [element])));
        if (hit !== undefined) out[key] = [hit];
        continue;
      }
      if (node.elemMatch) {
        if (Array.isArray(value)) {
          const hit = value.find((element) => node.elemMatch?.(element as Doc));
          if (hit !== undefined) out[key] = [hit];
        }
        continue;
      }
      if (node.computed !== undefined) continue;
      if (node.children) {
        const projected = projectValue(value, node.children, path);
        if (projected !== undefined) out[key] = projected;
        continue;
      }
      out[key] = node.slice ? applySlice(value, node.slice) : value;
    }
    return out;
  };

  const projectValue = (value: unknown, children: Map<string, Node>, path: string): unknown => {
    if (isPlainObject(value)) return project(value, children, path, false);
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const element of value) {
        if (isPlainObject(element) || Array.isArray(element))
          items.push(projectValue(element, children, path));
        else if (effectiveMode === 'exclusion') items.push(element);
      }
      return items;
    }
    return effectiveMode === 'exclusion' ? value : undefined;
  };

  return {
    apply(docs) {
      const projected = docs.map((doc) => project(doc, root, '', true));
      if (computed.length === 0) return projected;
      const values = evaluateExpressions(docs, Object.fromEntries(computed), options);
      return projected.map((out, i) => {
        for (const [path] of computed) {
          if (path in values[i]) setPath(out, path, values[i][path]);
        }
        return out;
      });
    },
  };
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = current[parts[i]];
    if (isPlainObject(next)) current = next;
    else {
      const created: Doc = {};
      current[parts[i]] = created;
      current = created;
    }
  }
  current[parts[parts.length - 1]] = value;
}

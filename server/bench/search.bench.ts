/**
 * The search index at realistic sizes: build time, heap, and latency of typical queries at the seed size,
 * 30k and 146k entries, indexed exactly as the service indexes them (SearchIndex, without the database).
 *
 * The corpus: interviews of 60 entries; each entry a question of one sentence and an answer of 2–6
 * sentences. One sentence in five is a real sentence of the seed transcripts (so phrases such as "futures
 * market" occur naturally); the others draw 6–24 words from a Zipf distribution (s = 1) over a vocabulary of
 * about 60,000 words: the seed transcripts' words at the head, in their order of frequency there, then
 * generated English-like words (syllables plus -s, -ing, -ed, -er, -tion, -ly endings, so stemming has work
 * to do). One interview in twelve is in Chinese, written without spaces from 5,000 two- and
 * three-character words drawn the same way. Each interview has a guest who answers and one of 40 hosts who asks,
 * whose names an entry is indexed with. Everything is drawn from a fixed seed, so every run indexes the same text.
 *
 * Run: npm run bench:search [-- sizes…]   (node --expose-gc, so the heap is measured after collection)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { parseQuery } from '../src/search/query-parser';
import { SearchIndex } from '../src/search/search-index';
import { EntryRecord, InterviewRecord, SpeakerRecord } from '../src/search/search-records';
import { fmt, percentile, report } from './stats';

const SEEDS = join(__dirname, '../../seeds');
const QUERIES: { kind: string; query: string }[] = [
  { kind: 'two words', query: 'market expansion' },
  { kind: 'two words', query: 'crypto exchange' },
  { kind: 'two words', query: 'institutional investors' },
  { kind: 'three words', query: 'users trading volume' },
  { kind: 'phrase', query: '"futures market"' },
  { kind: 'prefix', query: 'regul' },
  { kind: 'prefix', query: 'market liq' },
  { kind: 'exclusion', query: 'bitget -meme' },
  { kind: 'chinese', query: '团队 赞助' },
  { kind: 'name and word', query: 'Chen market' },
];
const RUNS = 60;
const EDITS = 200;
const ENTRIES_PER_INTERVIEW = 60;
const TAIL_WORDS = 60_000;
const CHINESE_EVERY = 12;
const SEED_SENTENCE_SHARE = 0.2;
const HAN =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质';
const HAN_CHARACTERS = [...HAN];
const SYLLABLE_STARTS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'w',
  'br',
  'cl',
  'dr',
  'gr',
  'pl',
  'st',
  'tr',
  'sh',
  'ch',
  'th',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
const SYLLABLE_ENDS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ck'];
const ENDINGS = ['', '', '', 's', 'ing', 'ed', 'er', 'tion', 'ly'];

/** A deterministic pseudo-random sequence, so every run indexes the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Corpus {
  sentences: string[];
  words: Vocabulary;
  chineseWords: Vocabulary;
}

/** Words in order of frequency with their cumulative Zipf weights (s = 1), for drawing by binary search. */
interface Vocabulary {
  words: string[];
  cumulative: Float64Array;
}

function zipf(words: string[]): Vocabulary {
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  words.forEach((_, rank) => {
    sum += 1 / (rank + 1);
    cumulative[rank] = sum;
  });
  return { words, cumulative };
}

function corpus(): Corpus {
  const text = readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => readFileSync(join(SEEDS, name), 'utf8'))
    .join('\n');
  const sentences = text
    .split(/(?<=[.!?。？！])\s+|\n+/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 20);
  const counts = new Map<string, number>();
  for (const [word] of text.toLowerCase().matchAll(/\p{L}[\p{L}'’-]*/gu)) {
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const head = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const known = new Set(head);
  const words = [...head];
  while (words.length < head.length + TAIL_WORDS) {
    const syllables = 1 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < syllables; i += 1) word += pick(SYLLABLE_STARTS) + pick(VOWELS) + pick(SYLLABLE_ENDS);
    word += pick(ENDINGS);
    if (!known.has(word)) {
      known.add(word);
      words.push(word);
    }
  }
  const chineseWords = ['赞助', '团队', '区块链', '交易所', '用户'];
  while (chineseWords.length < 5000) {
    const length = next() < 0.8 ? 2 : 3;
    chineseWords.push(Array.from({ length }, () => pick(HAN_CHARACTERS)).join(''));
  }
  return { sentences, words: zipf(words), chineseWords: zipf(chineseWords) };
}

function writer(source: Corpus, seed: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const draw = ({ words, cumulative }: Vocabulary) => {
    const target = next() * cumulative[cumulative.length - 1];
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return words[low];
  };
  const englishSentence = () => {
    if (next() < SEED_SENTENCE_SHARE) return pick(source.sentences);
    const words = Array.from({ length: 6 + Math.floor(next() * 19) }, () => draw(source.words));
    const sentence = words.join(' ');
    return `${sentence[0].toUpperCase()}${sentence.slice(1)}${pick(['.', '.', '.', '?', '!'])}`;
  };
  const chineseSentence = () =>
    `${Array.from({ length: 6 + Math.floor(next() * 19) }, () => draw(source.chineseWords)).join('')}${pick(['。', '。', '？'])}`;
  return {
    next,
    sentence: (chinese: boolean) => (chinese ? chineseSentence() : englishSentence()),
    paragraph: (chinese: boolean, count: number) =>
      Array.from({ length: count }, () => (chinese ? chineseSentence() : englishSentence())).join(
        chinese ? '' : ' ',
      ),
  };
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

const FIRST_NAMES = [
  'Ann',
  'Bo',
  'Carla',
  'Dev',
  'Elif',
  'Femi',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemal',
  'Lena',
];
const SURNAMES = [
  'Lee',
  'Chen',
  'Okoro',
  'Silva',
  'Novak',
  'Tanaka',
  'Haddad',
  'Moreau',
  'Kowalski',
  'Reyes',
];
const CHINESE_NAMES = ['王磊', '陈静', '李娜', '张伟', '刘洋', '周若男', '林晓雨', '吴昊'];
const HOSTS = 40;

function speakerOf(text: ReturnType<typeof writer>, chinese: boolean): SpeakerRecord {
  const id = new ObjectId().toHexString();
  const pick = (names: readonly string[]) => names[Math.floor(text.next() * names.length)];
  const name = chinese ? pick(CHINESE_NAMES) : `${pick(FIRST_NAMES)} ${pick(SURNAMES)}`;
  return { kind: 'SPEAKER', key: `S:${id}`, id, name, title: 'Chief Officer', organization: null, bio: null };
}

function entryOf(
  interview: InterviewRecord,
  position: number,
  text: ReturnType<typeof writer>,
  people: { speakerId: string; questionerId: string },
): EntryRecord {
  const chinese = interview.language === 'zh';
  const id = new ObjectId().toHexString();
  return {
    kind: 'ENTRY',
    key: `E:${id}`,
    id,
    interviewId: interview.id,
    ...people,
    position,
    section: null,
    question: text.sentence(chinese),
    text: text.paragraph(chinese, 2 + Math.floor(text.next() * 5)),
  };
}

function run(size: number, source: Corpus): void {
  const text = writer(source, size);
  const before = heapMb();
  const started = process.hrtime.bigint();
  const index = new SearchIndex();
  const entries: EntryRecord[] = [];
  let interview: InterviewRecord | null = null;
  const hosts = Array.from({ length: HOSTS }, () => speakerOf(text, false));
  for (const host of hosts) index.upsert(host);
  let people = { speakerId: '', questionerId: '' };
  let characters = 0;
  for (let i = 0; i < size; i += 1) {
    if (i % ENTRIES_PER_INTERVIEW === 0) {
      const id = new ObjectId().toHexString();
      const chinese = (i / ENTRIES_PER_INTERVIEW) % CHINESE_EVERY === CHINESE_EVERY - 1;
      interview = {
        kind: 'INTERVIEW',
        key: `I:${id}`,
        id,
        interviewId: id,
        title: text.sentence(chinese),
        slug: `interview-${i}`,
        intro: text.paragraph(chinese, 2),
        summary: null,
        publisher: 'Bench',
        language: chinese ? 'zh' : 'en',
        published: true,
      };
      index.upsert(interview);
      const guest = speakerOf(text, chinese);
      index.upsert(guest);
      people = { speakerId: guest.id, questionerId: hosts[Math.floor(text.next() * HOSTS)].id };
    }
    const entry = entryOf(interview as InterviewRecord, (i % ENTRIES_PER_INTERVIEW) + 1, text, people);
    characters += entry.question.length + entry.text.length;
    entries.push(entry);
    index.upsert(entry);
  }
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  entries.length = 0;
  const heap = heapMb() - before;
  report(
    `search: ${size} entries, index built`,
    `${fmt(buildMs / 1000, 1)} s, heap +${fmt(heap, 0)} MB (entry text ${fmt(characters / 1_048_576, 0)} M characters)`,
  );
  for (const { kind, query } of QUERIES) {
    const parsed = parseQuery(query);
    const durations: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const start = process.hrtime.bigint();
      total = index.search({
        query: parsed,
        filter: {},
        includeDrafts: false,
        offset: 0,
        limit: 20,
      }).totalCount;
      durations.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    durations.sort((a, b) => a - b);
    report(
      `search: ${size} entries, ${kind}: ${query}`,
      `p50 ${fmt(percentile(durations, 50))} ms, p95 ${fmt(percentile(durations, 95))} ms (${total} hits)`,
    );
  }
  // Edits as the change stream applies them: the entry is replaced by a new version of itself.
  const edited = interview as InterviewRecord;
  const edits: number[] = [];
  for (let i = 0; i < EDITS; i += 1) {
    const entry = entryOf(edited, i + 1, text, people);
    const start = process.hrtime.bigint();
    index.upsert(entry);
    index.upsert({ ...entry, text: `${entry.text} ${text.sentence(false)}` });
    edits.push(Number(process.hrtime.bigint() - start) / 1e6 / 2);
  }
  edits.sort((a, b) => a - b);
  report(
    `search: ${size} entries, one upsert`,
    `p50 ${fmt(percentile(edits, 50), 2)} ms, p95 ${fmt(percentile(edits, 95), 2)} ms`,
  );
  // A renamed host: every entry the host asked in is indexed again under the new name, in slices of 8 ms as the
  // service runs them (requests are answered between slices).
  const host = hosts[0];
  const renameStarted = process.hrtime.bigint();
  index.upsert({ ...host, name: `${host.name} Jr` });
  const marked = Number(process.hrtime.bigint() - renameStarted) / 1e6;
  const stale = index.staleCount;
  const slices: number[] = [];
  for (let more = true; more;) {
    const sliceStarted = process.hrtime.bigint();
    more = index.reindexStale(8);
    slices.push(Number(process.hrtime.bigint() - sliceStarted) / 1e6);
  }
  report(
    `search: ${size} entries, a host renamed`,
    `${stale} entries indexed again in ${fmt(slices.reduce((a, b) => a + b, 0))} ms: ${slices.length} slices, ` +
      `the longest ${fmt(Math.max(...slices, marked))} ms`,
  );
}

function main(): void {
  const source = corpus();
  const sizes = process.argv.slice(2).map(Number);
  for (const size of sizes.length > 0 ? sizes : [120, 30_000, 146_000]) run(size, source);
}

main();

import { phraseFinder, tokenize } from '../../src/search/text-analysis';

/** What the words of the text say: the folded words stand side by side, in order. */
function byTokens(words: string[], text: string): boolean {
  const folded = tokenize(text).map((token) => token.folded);
  return folded.some((_, at) => words.every((word, offset) => folded[at + offset] === word));
}

describe('phrase finding', () => {
  const cases: [words: string[], text: string, found: boolean][] = [
    [['futures', 'market'], 'The futures market grew.', true],
    [['futures', 'market'], 'FUTURES — Market share', true],
    [['futures', 'market'], 'futures’ market', true],
    [['futures', 'market'], 'futures\n\nmarket', true],
    [['futures', 'market'], 'the futures’s market', false],
    [['futures', 'market'], 'x’futures market', false],
    [['futures', 'market'], 'futuresmarket', false],
    [['futures', 'market'], 'futures markets', false],
    [['futures', 'market'], 'market futures', false],
    [['futures', 'market'], 'the futures market of Zürich', true],
    [['cafe', 'in', 'zurich'], 'A Café in Zürich', true],
    [['cafe', 'zurich'], 'A Cafe in Zurich', false],
    [['don’t', 'stop'], 'We don’t stop.', true],
    [['don’t', 'stop'], "We don't stop.", false],
    [['赞助', '可以'], '赞助可以帮助', true],
    [['web3', '区块', '链'], 'Web3 区块链', true],
    [['web3', '赞助'], 'Web3 区块链', false],
  ];

  it.each(cases)('%j in %j is %s', (words, text, found) => {
    expect(phraseFinder(words)(text)).toBe(found);
    expect(byTokens(words, text)).toBe(found);
  });
});

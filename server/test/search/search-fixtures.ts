import { ok } from '../../../test/support/fixtures';
import type { TestService } from '../../../test/support/service';

/** One entry of a fixture interview: `key` names it in the judged queries. */
export interface FixtureEntry {
  key: string;
  section?: string;
  question: string;
  text: string;
  startTime?: number;
  endTime?: number;
}

export interface FixtureInterview {
  key: string;
  title: string;
  publisher: string;
  language: string;
  intro: string;
  status: 'DRAFT' | 'PUBLISHED';
  host: string;
  guest: string;
  sections: string[];
  entries: FixtureEntry[];
}

/** Three interviews written for the judged queries: English, Chinese with English words, and a draft. */
export const FIXTURE_INTERVIEWS: FixtureInterview[] = [
  {
    key: 'funding',
    title: 'Funding open source maintainers',
    publisher: 'Open Source Weekly',
    language: 'en',
    intro: 'A conversation about how maintainers pay their rent while the world runs on their code.',
    status: 'PUBLISHED',
    host: 'Dana Reed',
    guest: 'Luis Ortega',
    sections: ['Beginnings', 'Money'],
    entries: [
      {
        key: 'start',
        section: 'Beginnings',
        question: 'How did you start contributing?',
        text: 'I started by fixing typos in documentation. Small pull requests taught me how reviews work, and after a year I was reviewing other people’s changes myself.',
      },
      {
        key: 'sponsors',
        section: 'Money',
        question: 'How do sponsors keep a project alive?',
        text: 'Sponsors are the reason we still exist. Each sponsor pays a monthly amount, sponsoring gives companies a say in the roadmap, and sponsored maintainers can finally work on the hard problems. Without sponsors, the project would be a hobby again.',
      },
      {
        key: 'burnout',
        section: 'Money',
        question: 'Is burnout a risk for you?',
        text: 'Burnout is real. I stopped answering issues at night, and one sponsor once told me to take a month off, which I did. Rest is part of the job.',
      },
      {
        key: 'types',
        section: 'Money',
        question: 'Which languages do you use?',
        text: 'Mostly Rust and TypeScript. The type system catches the mistakes I make when tired; a good system of types is a second reviewer.',
      },
      {
        key: 'systems',
        section: 'Money',
        question: 'What did you learn about systems?',
        text: 'Every system has a type of failure nobody expects, and the build system is where ours hid for years.',
      },
      {
        key: 'cafe',
        section: 'Money',
        question: 'Where do you work from?',
        text: 'From a café near the Zürich office; my résumé says remote, but the espresso says otherwise.',
      },
      {
        key: 'hosting',
        section: 'Money',
        question: 'What does hosting cost?',
        text: 'About $100 a month for the servers, which the donations cover.',
      },
      {
        key: 'contributors',
        section: 'Money',
        question: 'How many people contribute?',
        text: 'About 100 people have sent a patch, most of them only once.',
      },
    ],
  },
  {
    key: 'chinese',
    title: '开源项目的资金与社区',
    publisher: '深潮 TechFlow',
    language: 'zh',
    intro: '我们和一位开源维护者聊了聊资金、社区和Web3。',
    status: 'PUBLISHED',
    host: '主持人',
    guest: '王小明',
    sections: [],
    entries: [
      {
        key: 'zh-sponsor',
        question: '你们的项目如何获得资金？',
        text: '赞助可以帮助开源项目长期发展。我们在GitHub Sponsors上有一个页面，每个月都有公司支持我们。',
      },
      {
        key: 'zh-web3',
        question: '你怎么看待Web3？',
        text: '我认为Web3还在早期阶段，区块链技术需要更多的开发者。',
      },
      {
        key: 'zh-team',
        question: '你们的团队有多大？',
        text: '团队大约五十人，大部分是远程工作。',
      },
      {
        key: 'zh-servers',
        question: '服务器要花多少钱？',
        text: '服务器每个月大约 ¥100，我们自己承担。',
      },
      {
        key: 'zh-countries',
        question: '用户来自哪里？',
        text: '用户来自 100 多个国家。',
      },
      // Words typed without spaces (储备金, 监管机构, 香港牌照) stand together here and only apart in zh-hk.
      {
        key: 'zh-reserve',
        question: '你们怎么证明储备金充足？',
        text: '我们每个月发布储备金证明，用户可以自己验证余额。',
      },
      {
        key: 'zh-hk',
        question: '香港的稳定币监管有什么要求？',
        text: '发行人必须取得金管局的牌照，储备资产必须足额、独立托管。清晰的监管会吸引银行和大型机构进入。',
      },
      {
        key: 'zh-regulator',
        question: '创业公司应该怎么做？',
        text: '尽早和监管机构沟通，拿到香港牌照再上线。',
      },
    ],
  },
  {
    key: 'draft',
    title: 'The secret roadmap',
    publisher: 'Open Source Weekly',
    language: 'en',
    intro: 'Not ready yet.',
    status: 'DRAFT',
    host: 'Dana Reed',
    guest: 'Mira Quantum',
    sections: [],
    entries: [
      {
        key: 'draft-roadmap',
        question: 'What comes next?',
        text: 'A quantum-safe release, paid for by a sponsorship we cannot announce yet.',
      },
    ],
  },
];

export interface CreatedFixtures {
  /** Entry key → answer id. */
  entries: Map<string, string>;
  /** Interview key → interview id. */
  interviews: Map<string, string>;
  /** Speaker name → speaker id. */
  speakers: Map<string, string>;
  /** Interview key → slug. */
  slugs: Map<string, string>;
}

/** Creates the fixture interviews through the API, as an editor would. */
export async function createFixtures(
  app: TestService,
  token: string,
  interviews: readonly FixtureInterview[] = FIXTURE_INTERVIEWS,
): Promise<CreatedFixtures> {
  const created: CreatedFixtures = {
    entries: new Map(),
    interviews: new Map(),
    speakers: new Map(),
    slugs: new Map(),
  };
  const speakerId = async (name: string): Promise<string> => {
    const known = created.speakers.get(name);
    if (known) return known;
    const data = await ok<{ createSpeaker: { id: string } }>(
      app,
      'mutation($name: String!) { createSpeaker(name: $name) { id } }',
      { name },
      token,
    );
    created.speakers.set(name, data.createSpeaker.id);
    return data.createSpeaker.id;
  };
  for (const interview of interviews) {
    const [hostId, guestId] = [await speakerId(interview.host), await speakerId(interview.guest)];
    const data = await ok<{ createInterview: { id: string; slug: string } }>(
      app,
      `mutation($title: String!, $publisher: String, $language: String, $intro: String, $status: InterviewStatus,
                $sections: [String!]) {
        createInterview(title: $title, publisher: $publisher, language: $language, intro: $intro, summary: $intro,
                        status: $status, sections: $sections) { id slug }
      }`,
      {
        title: interview.title,
        publisher: interview.publisher,
        language: interview.language,
        intro: interview.intro,
        status: interview.status,
        sections: interview.sections,
      },
      token,
    );
    created.interviews.set(interview.key, data.createInterview.id);
    created.slugs.set(interview.key, data.createInterview.slug);
    for (const entry of interview.entries) {
      const answer = await ok<{ createAnswer: { id: string } }>(
        app,
        `mutation($interview: ID!, $section: String, $question: String!, $text: String!, $q: ID, $s: ID) {
          createAnswer(interview_id: $interview, section: $section, question: $question, text: $text,
                       questioner_id: $q, speaker_id: $s) { id }
        }`,
        {
          interview: data.createInterview.id,
          section: entry.section ?? null,
          question: entry.question,
          text: entry.text,
          q: hostId,
          s: guestId,
        },
        token,
      );
      created.entries.set(entry.key, answer.createAnswer.id);
    }
  }
  return created;
}

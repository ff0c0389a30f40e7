/** Text around the dialogue that is not part of it: bylines, disclaimers, promotions, footers. */
import { readByline } from './byline';
import { readHeaderLine } from './header';
import { isBlank, type ParagraphMode, paragraphs, type SourceLine } from './lines';
import { containsUrl, isUrlLike } from './text-shape';

/** Lines that start a footer or disclaimer. */
const STARTS = [
  /^(?:follow us|follow me)\b/i,
  /^(?:关注我们|點擊關注|点击关注|欢迎关注)/u,
  /^(?:legal )?disclaimers?\b/i,
  /^(?:important notice|risk warning|risk disclosure|not (?:financial|investment) advice)\b/i,
  /^(?:免责声明|免責聲明|风险提示|風險提示|风险警示|特别声明|特別聲明|版权声明|版權聲明|声明[:：]|免責事項)/u,
  /^(?:thanks|thank you) for (?:reading|watching|listening)\b/i,
  /^(?:感谢阅读|谢谢阅读|感謝閱讀)/u,
  // "本文仅代表受访者观点，不代表本平台立场。", "以上内容仅供参考".
  /^(?:本文|本期|以上|文中|文章)(?:内容|內容|观点|觀點)?(?:仅|僅|只)(?:代表|供)|^(?:本文|以上内容)?不代表本(?:平台|站|刊|报|報)/u,
  /^(?:the )?(?:views|opinions) expressed\b/i,
  /^(?:this|the) (?:article|content|interview|post|podcast|episode|transcript) (?:is|does|was|has been) (?:not|for|provided|intended|edited|condensed|translated|based|sponsored|a paid)\b/i,
  /^nothing in this (?:article|interview|post)\b/i,
  /^(?:©|ⓒ|\(c\)\s|copyright\b|all rights reserved)/i,
  /^(?:read more|related (?:reading|articles?|posts?)|recommended reading|further reading|more from)\b/i,
  /^(?:相关阅读|相關閱讀|推荐阅读|推薦閱讀|往期回顾|往期回顧|延伸阅读|延伸閱讀)/u,
  /^(?:subscribe|sign up)\b/i,
  /^(?:source|original(?: link| article)?|原文链接|原文鏈接|原文|来源|來源|出处)\s*[:：]/iu,
  /^(?:editor|edited by|written by|translated by|compiled by|责任编辑|責任編輯|编辑|編輯|作者|翻译|翻譯|编译|編譯|撰文)\s*[:：]/iu,
  // Japanese credits: "構成：田中美咲", "取材・文＝佐藤", "撮影／山田".
  /^(?:構成|取材|文|撮影|写真|編集|翻訳|通訳)(?:・(?:構成|文|撮影|写真))?\s*[:：＝=／/]/u,
  /^[-—–_*=~\s]*(?:end|the end|完|全文完)[-—–_*=~\s]*$/iu,
];

/** The whole line is only the opener ("Follow us", "Disclaimer:"): what follows it belongs to it. */
const OPENERS =
  /^(?:follow us(?: on)?|follow me|connect with us|find us|关注我们|欢迎关注|disclaimers?|legal disclaimer|important notice|risk warning|risk disclosure|免责声明|免責聲明|风险提示|風險提示|特别声明|特別聲明|免責事項|related (?:reading|articles?)|read more|相关阅读|推荐阅读|延伸阅读|往期回顾)\s*[:：]?$/iu;

/** Lines that only point elsewhere: "Twitter: https://…", a bare link, an e-mail address. */
const LINK_LINE =
  /^(?:twitter|x|telegram|discord|website|web|site|facebook|linkedin|youtube|medium|instagram|tiktok|weibo|wechat|reddit|substack|podcast|rss|email|e-mail|mail|微信|微博|官网|公众号|电报|推特)\s*[:：]/iu;

/** Sentences that mark a promotion or disclaimer wherever they stand in the line. */
const ANYWHERE = [
  /\bscan the QR code\b/i,
  /\bsubscribe to\b/i,
  /\bfollow us on\b/i,
  /\bdo(?:es)? not (?:necessarily )?(?:represent|reflect) the (?:views|opinions|position)/i,
  /\b(?:does not|do not|shall not) constitute (?:any )?(?:financial |investment |legal )?advice/i,
  /\bnot (?:intended as |to be taken as )?(?:financial|investment) advice\b/i,
  /扫码|掃碼|扫描二维码|掃描二維碼|长按识别|關注公眾號|关注公众号|仅代表作者|僅代表作者|不构成.{0,8}建议|不構成.{0,8}建議|不代表本平台/u,
  // A WeChat article's header: "原创 晚风读书 2024-03-18 08:00 发表于浙江".
  /^(?:原创|原創)\s.*\d{4}-\d{2}-\d{2}|\s(?:发表于|發表於)\p{Script=Han}{1,6}$/u,
];

/** Sign-offs as they are set, in italics or brackets: "*Photo: …*", "[Edited for clarity.]". */
function unwrapped(text: string): string {
  return text
    .trim()
    .replace(/^[*_[(（【]+/u, '')
    .replace(/[*_\])）】]+$/u, '')
    .trim();
}

function isStart(text: string): boolean {
  const plain = unwrapped(text);
  return STARTS.some((pattern) => pattern.test(plain)) || SIGN_OFFS.some((pattern) => pattern.test(plain));
}

/** Lines that close a published interview in any language: editing notes, credits, outros, contacts. */
const SIGN_OFFS = [
  /^(?:this (?:interview|conversation|transcript) (?:has been|was|is) (?:lightly |slightly )?(?:edited|condensed|abridged)|(?:interview |transcript )?(?:lightly )?(?:edited|condensed) (?:and condensed )?for (?:length|clarity|brevity))/i,
  /^(?:photo(?:graph)?s?|images?|illustration|cover(?: image)?|header image)\s*(?:credits?|courtesy)?\s*(?:[:：]|by\b|courtesy\b)/i,
  /^(?:top |header |cover )?photo(?:graph)? (?:by|courtesy of)\b/i,
  /^(?:this (?:article|series|interview|episode|podcast|program(?:me)?|work) (?:is|was) )?(?:supported|sponsored|funded|made possible) by\b/i,
  /^(?:subscribe|sign up|listen|follow)(?: (?:at|on|to|for))?\b.*(?:https?:\/\/|www\.|\.com|\.org|newsletter|podcast|apple|spotify)/i,
  /^(?:contact|press contact|media contact|reach (?:us|the author|me)|get in touch|write to us|email us|send (?:us )?(?:your )?(?:tips|feedback))\b/i,
  /^(?:you(?:'ve| have) been listening to|that(?:'s| is| was) (?:all|it) for (?:this|today)|(?:see|talk to|catch) you (?:next|in the next)|join us next)/i,
  /^(?:copyright|©|\(c\))/i,
  /^(?:本文|本次采访|本次訪談|以上(?:内容|內容)|(?:采访|採訪|访谈|訪談|对话|對話)(?:内容|內容|文字)?)(?:已)?(?:经|經)(?:过|過)?(?:编辑|編輯|删节|刪節|整理)/u,
  /^(?:图片|圖片|题图|題圖|封面|摄影|攝影|配图|配圖)\s*(?:来源|來源|由)?\s*[:：|｜]/u,
  /^(?:本文|本期|本节目|本節目)?(?:由|获|獲).{1,30}(?:支持|赞助|贊助|资助|資助)/u,
  /^(?:联系|聯繫|联络|聯絡|投稿|商务合作|商務合作|合作)(?:方式|邮箱|郵箱|我们|我們)?\s*[:：]/u,
  /^(?:订阅|訂閱|收听|收聽|本期节目|本期節目|以上就是|感谢收听|感謝收聽)/u,
  /^(?:haftungsausschluss|avertissement|clause de non-responsabilité|aviso legal|descargo de responsabilidad|isenção de responsabilidade|esclusione di responsabilità)\b/iu,
  /^(?:dieses interview wurde|cette interview a été|esta entrevista (?:fue|ha sido)|questa intervista è stata)\b/iu,
];

/** A footnote as Markdown (and a Word document read as Markdown) sets it: "[^1]: The bakery closed in 2023." */
const FOOTNOTE = /^\s*\[\^[\w-]{1,12}\]:\s/u;

function isLinkLine(text: string): boolean {
  return LINK_LINE.test(text) || isUrlLike(text) || /^\S+@\S+\.\S+$/.test(text);
}

/** A line that, standing before the dialogue, is boilerplate rather than introduction. */
export function isLeadingBoilerplate(text: string): boolean {
  const trimmed = text.trim();
  // "Interviewer: Ann Lee" names who asks, as a byline does: kept with the bylines, not dropped.
  if (readByline(trimmed) || readHeaderLine(trimmed)?.kind === 'people') return true;
  return isStart(trimmed) || ANYWHERE.some((pattern) => pattern.test(trimmed));
}

/** A label that is a footer's or byline's, never a speaker's ("Source", "Disclaimer", "Twitter"). */
export function isBoilerplateLabelLine(text: string): boolean {
  const trimmed = text.trim();
  return isStart(trimmed) || isLinkLine(trimmed) || readByline(trimmed) !== null;
}

/**
 * Sentences a footer says wherever they stand in its paragraph ("Table Magazine, Issue 34. Photography
 * by …", "Ruth Adeyemi is a staff writer. …"): the writer's tagline, how to reach them, issue and photo
 * credits, reprint rights. Each is specific enough to mark a paragraph as footer on its own.
 */
const FOOTER_SENTENCES = [
  // "Ruth Adeyemi is a staff writer at The Herald.": a full name, never a pronoun, then the job.
  /^(?:\p{Lu}[\p{L}'’.-]*\s+){1,3}\p{Lu}[\p{L}'’-]+\s+(?:is|was)\s+(?:a|an|the|our)\s+(?:[\p{L}-]+\s+){0,3}?(?:writer|editor|reporter|correspondent|journalist|columnist|contributor|critic|producer|host|photographer)s?\b/u,
  /^\S{2,8}(?:为|是|為)(?:本刊|本报|本報|本站|本台|本网|本網).{0,6}(?:记者|記者|编辑|編輯|撰稿人|作者)/u,
  /\bcan be (?:reached|contacted|emailed|found)\s+(?:at|by|via|on)\b/i,
  /^(?:write to|email|e-mail|contact|reach|send)\b.{0,80}(?:\S@\S|https?:\/\/|www\.)/i,
  // "Table Magazine, Issue 34."
  /^\p{Lu}[^,.!?]{0,60},\s*(?:issue|vol(?:ume)?\.?|no\.|number|edition|número|numéro|ausgabe)\s*\d+/iu,
  /^(?:photography|photos|photographs|illustrations?|styling|art direction|fotograf[ií]as?|fotos)\s+(?:by|courtesy of|de|por|von)\s+\p{Lu}/iu,
  /^(?:fotograf[ií]as?|fotos?|ilustraci[oó]n(?:es)?|fotografie|bilder?)\s*[:：]/iu,
  /\b(?:reprinted|republished) (?:with|by) (?:kind )?permission\b|\ball rights reserved\b/i,
  // What a WeChat article asks of its reader at the end: read the original, scan the code, like, share.
  /^(?:点击|點擊|戳)?.{0,6}(?:阅读原文|閱讀原文)|长按(?:识别|識別|扫码|掃碼|关注|關注)|(?:扫描|掃描|识别|識別|扫)(?:下方|上方|文末)?(?:二维码|二維碼)|^(?:点个|點個|点|點)(?:赞|讚|在看)|分享.{0,6}(?:在看|点赞|點讚)|(?:设为|設為)星标/u,
  // A Korean news footer: "이정훈 기자 jh.lee@example.co.kr", "무단전재 및 재배포 금지".
  /무단\s?전재|재배포\s?금지|저작권자/u,
  /^[^.!?。]{1,30}\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/u,
  /(?:未经|未經).{0,8}(?:授权|授權|许可|許可|同意).{0,8}(?:转载|轉載)|(?:转载|轉載).{0,4}(?:请|請|须|須|需|务必|務必)|(?:禁止|谢绝|謝絕|严禁|嚴禁|不得)(?:任何)?.{0,4}(?:转载|轉載)|版权所有|版權所有|版权归|版權歸/u,
];

/** "Questions or ideas for this column?", "Got a tip?": the lead-in to the address below it. */
const FOOTER_INVITATION =
  /^(?:questions|comments|feedback|ideas|tips|suggestions|have (?:a|an) (?:question|idea|tip|story)|got (?:a|an) (?:question|idea|tip|story))\b[^?]{0,60}\?$/i;

/**
 * Sentences that belong to a footer only next to a sentence above: who produces or funds the
 * publication, an invitation ending in "?" before the address to write to. Alone they may be speech.
 */
const FOOTER_COMPANIONS = [
  FOOTER_INVITATION,
  /^(?:the |this )?(?:\p{Lu}[\p{L}'’&.-]*\s+){1,5}(?:(?:series|column|podcast|newsletter|magazine|program(?:me)?|show|interview|project|supplement|edition)\s+)?(?:is|are)\s+(?:produced|published|written|edited|supported|sponsored|funded|underwritten|made possible|brought to you)\s+by\b/u,
];

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|(?<=[。！？])\s*|\s*\n\s*/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

/** A paragraph made only of footer sentences, at least one of them specific to footers. */
function isFooterParagraph(text: string): boolean {
  const parts = sentences(text.split('\n').map(unwrapped).join('\n'));
  const strong = (sentence: string): boolean =>
    isStart(sentence) || isLinkLine(sentence) || FOOTER_SENTENCES.some((pattern) => pattern.test(sentence));
  const companion = (sentence: string): boolean =>
    FOOTER_COMPANIONS.some((pattern) => pattern.test(sentence));
  return (
    parts.length > 0 &&
    parts.some(strong) &&
    parts.every((sentence) => strong(sentence) || companion(sentence))
  );
}

/**
 * Where the trailing boilerplate starts in the last turn's lines, or -1: at a bare opener ("Follow
 * us"), else where the run of footer paragraphs (sign-offs, taglines, contacts, credits, copyright,
 * links) the turn ends with begins. The first paragraph is never boilerplate, a turn keeps its own
 * text, unless `mayTakeAll`: the turn only "answers" closing words and may be a footer as a whole.
 */
export function trailingBoilerplateStart(
  lines: readonly SourceLine[],
  mode: ParagraphMode,
  mayTakeAll = false,
): number {
  const parts = paragraphs(lines, mode);
  const textOf = (part: SourceLine[]): string => part.map((line) => line.text).join('\n');
  const isBoilerplate = (part: SourceLine[]): boolean =>
    isStart(part[0].text.trim()) ||
    isFooterParagraph(textOf(part)) ||
    FOOTNOTE.test(part[0].text) ||
    part.every((line) => isLinkLine(line.text.trim()) || (containsUrl(line.text) && line.text.length < 100));
  const opener = parts.findIndex((part, k) => k > 0 && OPENERS.test(part[0].text.trim()));
  if (opener > 0) return lines.indexOf(parts[opener][0]);
  // An invitation on a line of its own ("Got a tip?") leads in to the footer after it.
  const isInvitation = (part: SourceLine[], k: number): boolean =>
    k < parts.length - 1 && part.length === 1 && FOOTER_INVITATION.test(unwrapped(part[0].text));
  let k = parts.length;
  const kept = mayTakeAll ? 0 : 1;
  while (k > kept && (isBoilerplate(parts[k - 1]) || isInvitation(parts[k - 1], k - 1))) k--;
  return k < parts.length ? lines.indexOf(parts[k][0]) : -1;
}

/**
 * Trailing boilerplate as blocks: in block mode its paragraphs; in line mode a new block at each line
 * that starts a footer or disclaimer, with the link lines under it.
 */
export function boilerplateBlocks(lines: readonly SourceLine[], mode: ParagraphMode): string[] {
  if (mode === 'block') {
    return paragraphs(lines, mode).map((paragraph) => paragraph.map((line) => line.text).join('\n'));
  }
  const blocks: string[][] = [];
  for (const line of lines) {
    if (isBlank(line)) continue;
    const last = blocks[blocks.length - 1];
    if (!last || isStart(line.text.trim())) blocks.push([line.text]);
    else last.push(line.text);
  }
  return blocks.map((block) => block.join('\n'));
}

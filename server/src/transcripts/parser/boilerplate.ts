/** Text around the dialogue that is not part of it: bylines, disclaimers, promotions, footers. */
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
  /^(?:the )?(?:views|opinions) expressed\b/i,
  /^(?:this|the) (?:article|content|interview|post|podcast|episode|transcript) (?:is|does|was|has been) (?:not|for|provided|intended|edited|condensed|translated|based|sponsored|a paid)\b/i,
  /^nothing in this (?:article|interview|post)\b/i,
  /^(?:©|\(c\)\s|copyright\b|all rights reserved)/i,
  /^(?:read more|related (?:reading|articles?|posts?)|recommended reading|further reading|more from)\b/i,
  /^(?:相关阅读|相關閱讀|推荐阅读|推薦閱讀|往期回顾|往期回顧|延伸阅读|延伸閱讀)/u,
  /^(?:subscribe|sign up)\b/i,
  /^(?:source|original(?: link| article)?|原文链接|原文鏈接|原文|来源|來源|出处)\s*[:：]/iu,
  /^(?:editor|edited by|written by|translated by|compiled by|责任编辑|責任編輯|编辑|編輯|作者|翻译|翻譯|编译|編譯|撰文)\s*[:：]/iu,
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
];

/** A byline: "By Ann Lee", "Written by: …", "Author: …", "作者：…". */
const BYLINE =
  /^(?:by\s+\p{Lu}|(?:written|interviewed|compiled|translated|edited|reported|produced) by\b|(?:authors?|writer|editor|translator)\s*[:：]|(?:撰文|作者|编译|編譯|翻译|翻譯|整理|编辑|編輯|责编|責編|出品|策划|策劃|文)\s*[:：|丨｜])/iu;

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

function isLinkLine(text: string): boolean {
  return LINK_LINE.test(text) || isUrlLike(text) || /^\S+@\S+\.\S+$/.test(text);
}

/** A line that, standing before the dialogue, is boilerplate rather than introduction. */
export function isLeadingBoilerplate(text: string): boolean {
  const trimmed = text.trim();
  if (BYLINE.test(trimmed) && trimmed.length <= 120) return true;
  return isStart(trimmed) || ANYWHERE.some((pattern) => pattern.test(trimmed));
}

/** A label that is a footer's or byline's, never a speaker's ("Source", "Disclaimer", "Twitter"). */
export function isBoilerplateLabelLine(text: string): boolean {
  const trimmed = text.trim();
  return isStart(trimmed) || isLinkLine(trimmed) || (BYLINE.test(trimmed) && trimmed.length <= 120);
}

/**
 * Where the trailing boilerplate starts in the last turn's lines, or -1: the first paragraph that starts
 * a footer/disclaimer and is either a bare opener ("Follow us") or followed only by boilerplate, else
 * the links the turn ends with. The first paragraph is never boilerplate: a turn keeps its own text.
 */
export function trailingBoilerplateStart(lines: readonly SourceLine[], mode: ParagraphMode): number {
  const parts = paragraphs(lines, mode);
  const isBoilerplate = (part: SourceLine[]): boolean =>
    isStart(part[0].text.trim()) ||
    part.every((line) => isLinkLine(line.text.trim()) || (containsUrl(line.text) && line.text.length < 100));
  for (let k = 1; k < parts.length; k++) {
    const first = parts[k][0];
    if (!isStart(first.text.trim())) continue;
    if (OPENERS.test(first.text.trim()) || parts.slice(k + 1).every(isBoilerplate)) {
      return lines.indexOf(first);
    }
  }
  // No opener, but the turn ends in links only ("Twitter: https://…").
  let k = parts.length;
  while (k > 1 && isBoilerplate(parts[k - 1])) k--;
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

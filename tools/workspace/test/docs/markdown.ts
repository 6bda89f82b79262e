/**
 * Just enough Markdown for docs.test.ts: the prose lines and the fenced blocks of a file, its headings' anchors as
 * GitHub makes them, and its links.
 */

export interface Fence {
  /** The info string's first word (`sh`, `hcl`; '' for none). */
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  lines: string[];
}

export interface MarkdownFile {
  /** Every line outside fenced blocks, with its 1-based number; code spans still in. */
  prose: { line: number; text: string }[];
  fences: Fence[];
}

export function parseMarkdown(text: string): MarkdownFile {
  const prose: MarkdownFile['prose'] = [];
  const fences: Fence[] = [];
  let open: { marker: string; fence: Fence } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const [, marker, info = ''] = raw.match(/^\s{0,3}(`{3,}|~{3,})\s*(.*)$/) ?? [];
    if (open) {
      if (marker && marker[0] === open.marker[0] && marker.length >= open.marker.length && info.trim() === '') {
        fences.push(open.fence);
        open = undefined;
      } else open.fence.lines.push(raw);
      return;
    }
    if (marker) {
      open = { marker, fence: { lang: info.trim().split(/\s+/)[0] ?? '', line, lines: [] } };
      return;
    }
    prose.push({ line, text: raw });
  });
  return { prose, fences };
}

/** A prose line without its code spans (their content is code, not links or words of the text). */
export function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, ' ');
}

/**
 * GitHub's heading anchor (github-slugger): the heading's text as rendered (links reduced to their text, code
 * spans to their content, emphasis dropped), lower-cased, every character that is not a letter, mark, digit,
 * connector (`_`), hyphen or space removed, spaces turned into hyphens.
 */
export function slug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__|\*)(.+?)\1/g, '$2');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a link can name in the file: its headings' (a repeated one gets `-1`, `-2`…) and explicit ids. */
export function anchors(file: MarkdownFile): Set<string> {
  const result = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of file.prose) {
    const [, heading] = text.match(/^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/) ?? [];
    if (heading !== undefined) {
      const base = slug(heading);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      result.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const [, id] of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) if (id) result.add(id);
  }
  return result;
}

export interface Link {
  line: number;
  target: string;
}

/** Inline links and images (`[text](target)`) and reference definitions (`[label]: target`) of the prose. */
export function links(file: MarkdownFile): Link[] {
  const result: Link[] = [];
  for (const { line, text } of file.prose) {
    const prose = withoutCodeSpans(text);
    for (const [, target] of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      if (target) result.push({ line, target });
    const [, definition] = prose.match(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/) ?? [];
    if (definition) result.push({ line, target: definition });
  }
  return result;
}

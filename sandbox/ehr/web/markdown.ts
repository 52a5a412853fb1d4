import { Marked } from 'marked';

/** Card detail (GitHub-flavoured Markdown) to HTML with raw HTML escaped and only http(s) links. */
const marked = new Marked({
  gfm: true,
  renderer: {
    html({ text }) {
      return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    },
    link({ href, text }) {
      const safe = /^https?:\/\//i.test(href) ? href.replace(/"/g, '%22') : '#';
      return `<a href="${safe}" target="_blank" rel="noopener noreferrer">${text}</a>`;
    },
    image({ text }) {
      return text;
    },
  },
});

export function renderMarkdown(md: string): string {
  return marked.parse(md, { async: false }) as string;
}

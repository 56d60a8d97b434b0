import 'server-only';
import { describe, expect, it } from 'vitest';
import { filterCss, filterStyleSheet, type CssContext } from './css-filter';

function ctx(allowRemote: boolean): CssContext & { blocked: number } {
  const c = { allowRemote, blocked: 0, cidUrl: (cid: string) => (cid === 'bg' ? '/cid/bg' : null), onRemoteBlocked: () => void c.blocked++ };
  return c;
}

describe('filterCss', () => {
  it('keeps ordinary declarations', () => {
    expect(filterCss('color: #333; font: 14px/1.4 Arial; padding: 0 8px', ctx(false))).toBe('color: #333; font: 14px/1.4 Arial; padding: 0 8px');
  });

  it('removes remote url() however it is spelled, and reports it', () => {
    for (const css of ['background:url(http://e.example/a)', 'background:URL( "https://e.example/a" )', 'background:u\\72l(http://e.example/a)',
      'background:\\75 rl(http://e.example/a)', 'background:ur/**/l(http://e.example/a)', 'background:url(//e.example/a)', 'background:url(http://e.example/a']) {
      const c = ctx(false);
      expect(filterCss(css, c), css).toBe('background:none');
      expect(c.blocked, css).toBe(1);
    }
  });

  it('keeps remote http(s) images when allowed, never other schemes or relative paths', () => {
    expect(filterCss('background:url(https://e.example/a.png)', ctx(true))).toBe('background:url("https://e.example/a.png")');
    expect(filterCss('background:url(//e.example/a.png)', ctx(true))).toBe('background:url("https://e.example/a.png")');
    const c = ctx(true);
    expect(filterCss('background:url(/logout); x:url(javascript:alert(1)); y:url(data:text/html,x)', c)).toBe('background:none; x:none); y:none');
    expect(c.blocked).toBe(0);
  });

  it('maps cid: and keeps raster data: images', () => {
    expect(filterCss('background:url(cid:bg)', ctx(false))).toBe('background:url("/cid/bg")');
    expect(filterCss('background:url(cid:nope)', ctx(false))).toBe('background:none');
    expect(filterCss('background:url(data:image/png;base64,AAAA)', ctx(false))).toBe('background:url("data:image/png;base64,AAAA")');
  });

  it('neutralizes script-capable and url-less loading constructs', () => {
    expect(filterCss('width:expr\\65ssion(alert(1))', ctx(false))).toBe('width:x-expression(alert(1))');
    expect(filterCss('x:javascript:alert(1)', ctx(false))).toBe('x:blocked:alert(1)');
    expect(filterCss('-moz-binding:url(http://e/x)', ctx(false))).toBe('x-moz-binding:none');
    expect(filterCss('behavior:url(x.htc)', ctx(false))).toBe('x-behavior:none');
    expect(filterCss('background:image-set("http://e/a.png" 1x)', ctx(true))).toBe('background:x-image-set("http://e/a.png" 1x)');
  });

  it('leaves no backslash that could start a new escape', () => {
    expect(filterCss('a:\\\\75rl(http://e/x)', ctx(false))).toBe('a:75rl(http://e/x)');
  });
});

describe('filterStyleSheet', () => {
  it('neutralizes @import and anything that could close the style element', () => {
    expect(filterStyleSheet('@import url(http://e/x.css); p{color:red}', ctx(false))).toBe(' p{color:red}');
    expect(filterStyleSheet("@im\\port 'http://e/x.css';p{}", ctx(false))).toBe('p{}');
    expect(filterStyleSheet('<!-- p{} --> a{content:"</style>"}', ctx(false))).toBe('  p{}   a{content:"\\3c /style>"}');
  });
});

import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useState, type RefObject } from 'react';

/** Lines kept above the viewport; older lines leave the terminal (and the page's memory). */
export const SCROLLBACK_LINES = 10_000;

export interface LogTerminal {
  term: Terminal;
  search: SearchAddon;
  renderer: 'webgl' | 'dom';
}

/**
 * Whether WebGL runs on a GPU here. Software WebGL (SwiftShader, llvmpipe) is slower than xterm's
 * DOM renderer, so it counts as unavailable.
 */
function hardwareWebgl(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !/swiftshader|llvmpipe|softpipe|software/i.test(name);
  } catch {
    return false;
  }
}

/** Loads the WebGL renderer where the GPU allows it; any failure leaves the DOM renderer in place. */
async function tryWebgl(term: Terminal): Promise<boolean> {
  if (!hardwareWebgl()) return false;
  try {
    const { WebglAddon } = await import('@xterm/addon-webgl');
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
    return true;
  } catch {
    return false;
  }
}

/**
 * An xterm terminal in `container` for the component's lifetime: read-only, bounded scrollback,
 * fitted to its box on every resize, disposed on unmount.
 */
export function useLogTerminal(container: RefObject<HTMLDivElement | null>): LogTerminal | null {
  const [terminal, setTerminal] = useState<LogTerminal | null>(null);
  useEffect(() => {
    const el = container.current;
    if (!el) return undefined;
    const term = new Terminal({
      scrollback: SCROLLBACK_LINES,
      convertEol: true,
      disableStdin: true,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      allowProposedApi: true,
      fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, monospace",
      fontSize: 12,
      theme: { background: '#0b1016', foreground: '#e6edf3', selectionBackground: '#264f78' },
    });
    const fit = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 500 });
    term.loadAddon(fit);
    term.loadAddon(search);
    term.open(el);
    const refit = (): void => {
      try {
        fit.fit();
      } catch {
        // not laid out yet (hidden); the next resize fits it
      }
    };
    refit();
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(refit);
    });
    observer.observe(el);
    let alive = true;
    setTerminal({ term, search, renderer: 'dom' });
    void tryWebgl(term).then((ok) => {
      if (ok && alive) setTerminal({ term, search, renderer: 'webgl' });
    });
    return () => {
      alive = false;
      observer.disconnect();
      cancelAnimationFrame(frame);
      setTerminal(null);
      term.dispose();
    };
  }, [container]);
  return terminal;
}

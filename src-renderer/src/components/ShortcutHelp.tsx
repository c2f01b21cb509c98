import { PAGE_KEYS } from '../shortcuts/shortcut-reader';
import type { Page } from './NavBar';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** The keyboard shortcuts, listed in an overlay (`?` opens it, Escape closes it). */
export function ShortcutHelp({ pages, onClose }: { pages: Page[]; onClose: () => void }) {
  return (
    <div className="overlay" role="presentation" onClick={onClose}>
      <div
        className="card help"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="card-header">
          <h2>Keyboard shortcuts</h2>
          <button type="button" onClick={onClose} aria-label="Close">
            Close
          </button>
        </div>
        <table className="table shortcuts">
          <tbody>
            {pages
              .filter((p) => PAGE_KEYS[p.id])
              .map((p) => (
                <tr key={p.id}>
                  <td>
                    <kbd>g</kbd> then <kbd>{PAGE_KEYS[p.id]}</kbd>
                  </td>
                  <td>{p.title}</td>
                </tr>
              ))}
            <tr>
              <td>
                <kbd>{isMac ? 'Cmd' : 'Ctrl'}</kbd>+<kbd>Shift</kbd>+<kbd>Space</kbd>
              </td>
              <td>The small chat window</td>
            </tr>
            <tr>
              <td>
                <kbd>?</kbd>
              </td>
              <td>This list</td>
            </tr>
            <tr>
              <td>
                <kbd>Esc</kbd>
              </td>
              <td>Close it</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}

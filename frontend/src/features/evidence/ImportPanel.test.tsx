import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImportPanel } from './ImportPanel';
import { fakeGo, renderWithClient } from '../../test/utils';
import type { Job } from '../../api';

const running: Job = {
  id: 'j1', kind: 'import', title: 'Import pack', stage: 'importing', current: 'pack/CC6.1/a.csv', done: 2, total: 5,
  state: 'running', started_at: '2026-01-01T00:00:00Z',
};

function setup(ocr = true) {
  const imp = vi.fn(() => Promise.resolve(running));
  const get = vi.fn(() => Promise.resolve(running));
  const choose = vi.fn(() => Promise.resolve(['/home/me/chosen.zip']));
  fakeGo({
    Dialogs: { Import: choose }, Evidence: { Import: imp, Status: () => Promise.resolve({ ocr, workers: 2 }) },
    Jobs: { Get: get, List: () => Promise.resolve([running]) },
  });
  return { imp, get, choose };
}

describe('ImportPanel', () => {
  it('imports the typed path and shows the current file and the count', async () => {
    const { imp } = setup();
    renderWithClient(<ImportPanel engagementId="e-typed" />);
    await userEvent.type(screen.getByLabelText('Path on this machine'), '  /home/me/Acme PBC/pack.zip ');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(imp).toHaveBeenCalledWith('e-typed', ['/home/me/Acme PBC/pack.zip']));
    expect(await screen.findByText('pack/CC6.1/a.csv')).toBeInTheDocument();
    expect(screen.getByText(/2\/5 files/)).toBeInTheDocument();
  });

  it('offers the file dialogs and a drop zone in the desktop window, and says when OCR is off', async () => {
    const { imp, choose } = setup(false);
    const onDrop = vi.fn();
    const off = vi.fn();
    (window as unknown as { runtime: unknown }).runtime = { OnFileDrop: onDrop, OnFileDropOff: off };
    const { unmount } = renderWithClient(<ImportPanel engagementId="e-desk" />);
    expect(await screen.findByText(/OCR is off: images are stored with their metadata/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    expect(choose).toHaveBeenCalledWith(true);
    await waitFor(() => expect(imp).toHaveBeenCalledWith('e-desk', ['/home/me/chosen.zip']));
    expect(onDrop).toHaveBeenCalledWith(expect.any(Function), true);
    expect(screen.getByText(/Drop zip files/).closest('.drop-zone')).toHaveStyle('--wails-drop-target: drop');
    unmount();
    expect(off).toHaveBeenCalled();
  });

  it('hides the file dialogs in a browser', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify({ ocr: true, workers: 1 }), { status: 200 }))),
    );
    renderWithClient(<ImportPanel engagementId="e-browser" />);
    expect(screen.getByLabelText('Path on this machine')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Choose files…' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Drop zip files/)).not.toBeInTheDocument();
    vi.unstubAllGlobals();
  });
});

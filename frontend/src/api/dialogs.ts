import { call } from './transport';

/** Where a report or an export is saved: a PDF, a folder of files, or the
 * file of a one-file export format, by its name ('xlsx'). */
export type SaveTarget = string;

/** The desktop window's file dialogs; in a browser each rejects with "invalid", saying to type the path. */
export const dialogs = {
  /** Zip files and other files to import, or one folder; nothing if cancelled. */
  import: (folder: boolean) => call<string[]>('app.Dialogs.Import', folder),
  /** Where to save; '' if cancelled. */
  saveAs: (target: SaveTarget, name: string) => call<string>('app.Dialogs.SaveAs', target, name),
};

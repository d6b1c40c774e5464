import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  delete (window as { go?: unknown }).go;
  delete (window as { runtime?: unknown }).runtime;
  sessionStorage.clear();
  window.location.hash = '';
});

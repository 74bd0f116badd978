import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { t } from './texts';
import './styles.css';

// Screen readers and hyphenation read the page in the language it is drawn in.
document.documentElement.lang = t.locale;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

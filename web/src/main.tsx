/** Entry point: mounts the console. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prefetch } from './api';
import './styles.css';

// The dashboard is the landing page: its data is fetched alongside "who am I", not after. The charting code is
// fetched once the numbers are on screen (compiling it earlier would hold them back).
if (location.pathname === '/') prefetch('/api/dashboard');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickApi } from './api';
import { App } from './app';
import { createStores, StoresProvider, wireEvents } from './store';
import './styles/index.css';

const stores = createStores(pickApi());
wireEvents(stores);

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>,
  );

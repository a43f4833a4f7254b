import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { captureToken } from './api/client';
import { App } from './App';
import './i18n';
import { bindRouteToUrl } from './routeUrl';

// The route is read while the URL still holds '&token=…': captureToken leaves a trailing '&' behind it.
bindRouteToUrl();
captureToken();

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'md' });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <App />
    </MantineProvider>
  </StrictMode>,
);

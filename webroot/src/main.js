// Entry point of the page.
import { App } from './app.js';

function boot() {
  const root = document.getElementById('root');
  const noticeBar = document.getElementById('notice-bar');
  const app = new App(root, noticeBar);
  app.start().catch(() => {
    app.showSignIn('Something went wrong while starting Parley. Please reload the page.');
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();

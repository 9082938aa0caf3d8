import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { pickClient } from './api/pick-client.ts'
import { App } from './app/app.tsx'
import { StoreProvider } from './common/store-context.tsx'
import { shellViews, viewHashes } from './app/route.ts'
import { createDeskStore } from './store/store.ts'
import './common/common.css'

// The shell's 'ui.navigate' goes through the address bar like a tab click, so Back returns.
const store = createDeskStore(pickClient(), Date.now, (view) => (location.hash = viewHashes[shellViews[view]]))
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
)

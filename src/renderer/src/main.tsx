import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { pickClient } from './api/pick-client.ts'
import { App } from './components/app.tsx'
import { StoreProvider } from './components/store-context.tsx'
import { shellViews, viewHashes } from './route.ts'
import { createDeskStore } from './store/store.ts'
import './styles.css'

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

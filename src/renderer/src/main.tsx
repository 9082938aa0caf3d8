import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { pickClient } from './api/pick-client.ts'
import { App } from './components/app.tsx'
import { StoreProvider } from './components/store-context.tsx'
import { createDeskStore } from './store/store.ts'
import './styles.css'

const store = createDeskStore(pickClient())
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
)

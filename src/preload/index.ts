import { contextBridge, ipcRenderer } from 'electron'
import type { DeskBridge } from '../shared/contract/bridge.ts'
import { createBridge } from './create-bridge.ts'

// exposeInMainWorld takes `any`: `satisfies` keeps what the page receives tied to the contract.
const bridge = createBridge(ipcRenderer) satisfies DeskBridge
contextBridge.exposeInMainWorld('desk', bridge)

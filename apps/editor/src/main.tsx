import { createRoot } from 'react-dom/client'

import { App } from './App'
import './styles.css'
import './forms.css'
import './problems.css'
import './canvas.css'
import './results.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
// No StrictMode: its double effects would mount two Rete editors into one canvas (the renderer keeps
// its own React roots per node, which StrictMode's simulated unmount does not reach).
createRoot(root).render(<App />)

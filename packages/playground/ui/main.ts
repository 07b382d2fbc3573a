// Entry point of the page.
import './styles.css'
import { startApp } from './app.js'
import { startDigitsTab, startTabs } from './digits-tab.js'

startApp()
const message = document.getElementById('message')
startTabs(
  startDigitsTab((text) => {
    if (message === null) return
    message.hidden = text === undefined
    message.className = 'error'
    message.textContent = text ?? ''
  }),
)

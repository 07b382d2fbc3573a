// Entry point of the page.
import './styles.css'
import { startApp } from './app.js'
import { startDigitsTab, startTabs } from './digits-tab.js'
import { startLearnTab } from './learn-tab.js'

const app = startApp()
const message = document.getElementById('message')
const show = (text: string | undefined): void => {
  if (message === null) return
  message.hidden = text === undefined
  message.className = 'error'
  message.textContent = text ?? ''
}
let tabs: { readonly select: (name: string) => void } | undefined
const learn = startLearnTab(show, (bif, title) => {
  tabs?.select('network')
  app.openText(bif, `${title}.bif`, title)
})
tabs = startTabs({ digits: startDigitsTab(show), learn })

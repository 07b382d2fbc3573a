// Entry point of the page.
import './styles.css'
import { startApp } from './app.js'

startApp()

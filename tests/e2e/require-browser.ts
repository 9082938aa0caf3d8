/**
 * The e2e project's setup file: with no browser, every e2e file fails before its hooks run, on
 * find-browser's one line, rather than skipping or tripping over an undefined `browser` in afterAll.
 * (A globalSetup that throws would abort the unit and integration projects too.)
 */
import { browserExecutable } from './browser.ts'

browserExecutable()

import { useEffect, useState } from 'react'

/** The page's colours for the canvas, which CSS variables cannot reach. */
export type ChartTheme = { text: string; muted: string; grid: string; band: string; palette: string[] }

const paletteSize = 6

function readTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement)
  const read = (name: string): string => css.getPropertyValue(name).trim()
  return {
    text: read('--text'),
    muted: read('--muted'),
    grid: read('--border'),
    band: read('--chart-band'),
    palette: Array.from({ length: paletteSize }, (_, i) => read(`--chart-${i + 1}`)),
  }
}

/** Read again when the OS switches light/dark, so charts follow the rest of the page. */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme)
  useEffect(() => {
    const query = matchMedia('(prefers-color-scheme: dark)')
    const onChange = (): void => setTheme(readTheme())
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  return theme
}

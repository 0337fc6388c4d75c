import { type NetworkQuality, type PreflightResult } from './port.ts'

export type QualityDisplay = { bars: number; words: string }

/** A network quality level (0–5, Twilio's scale) as bars out of 5 and the words that say the same. */
export function networkQualityDisplay(level: Exclude<NetworkQuality, null>): QualityDisplay {
  switch (level) {
    case 5:
      return { bars: 5, words: 'Excellent connection' }
    case 4:
      return { bars: 4, words: 'Good connection' }
    case 3:
      return { bars: 3, words: 'Fair connection' }
    case 2:
      return { bars: 2, words: 'Weak connection: video may freeze' }
    case 1:
      return { bars: 1, words: 'Very weak connection: try audio only' }
    case 0:
      return { bars: 0, words: 'No connection' }
  }
}

/** What the network test found, in a sentence. */
export function preflightWords(result: PreflightResult): string {
  if (!result.ok) return `The network test didn't work: ${result.message}`
  const delay = result.roundTripMs === null ? '' : ` (delay ${Math.round(result.roundTripMs)} ms)`
  switch (result.quality) {
    case 'excellent':
      return `Your connection is excellent for video${delay}.`
    case 'good':
      return `Your connection is good for video${delay}.`
    case 'fair':
      return `Your connection is fair${delay}: video may sometimes freeze. Audio only is steadier.`
    case 'poor':
      return `Your connection is poor${delay}: choose audio only, or move closer to your Wi-Fi.`
  }
}

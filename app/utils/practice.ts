// Client-safe: the practice's name as every message prints it (email header and subjects, SMS).
export const practiceName = 'Haven Psychology'

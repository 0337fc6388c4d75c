// What a used, expired or unknown emailed link says: the domain refuses with it and the page
// shows it when the link is opened, so both say the same (client-safe: no server code here).
export const SIGNUP_LINK_PROBLEM =
  'This sign-up link has expired or has already been used. Start again to get a new one.'

export const RESET_LINK_PROBLEM = 'This link has expired or has already been used. Ask for a new one below.'

export const UNSUBSCRIBE_LINK_PROBLEM =
  'This unsubscribe link is not complete or was changed. Use the link in your latest reminder email, or sign in and change your message choices under Your details.'

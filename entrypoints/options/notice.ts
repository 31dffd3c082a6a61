/** What the facilitator page tells the facilitator after an action: a status, or an error (an alert). */
export interface Notice {
  kind: 'status' | 'error';
  text: string;
}

/** group messages on the wire (helper B fills this) */
export {}

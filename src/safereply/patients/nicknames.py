"""Common English and Spanish given-name nicknames, folded to one canonical name.

Source: compiled for SafeReply from common usage; small on purpose (a nickname missing here
still matches by initial, prefix or spelling distance).
"""

from __future__ import annotations

_GROUPS = {
    "william": "will willy bill billy liam",
    "robert": "rob robbie bob bobby bert",
    "richard": "rich rick ricky dick",
    "james": "jim jimmy jamie",
    "john": "johnny jack",
    "jonathan": "jon jonny",
    "michael": "mike mikey mick",
    "christopher": "chris topher",
    "christina": "chris tina christy",
    "elizabeth": "liz lizzie beth betty eliza libby",
    "katherine": "kate katie kathy kat cathy catherine kathryn",
    "margaret": "maggie meg peggy marge",
    "jennifer": "jen jenny",
    "jessica": "jess jessie",
    "patricia": "pat patty trish",
    "patrick": "pat paddy",
    "thomas": "tom tommy",
    "anthony": "tony",
    "joseph": "joe joey",
    "daniel": "dan danny",
    "david": "dave davey",
    "matthew": "matt matty",
    "nicholas": "nick nicky",
    "benjamin": "ben benny",
    "samuel": "sam sammy",
    "samantha": "sam sammy",
    "alexander": "alex xander",
    "alexandra": "alex lexi sandra",
    "edward": "ed eddie ted ned",
    "charles": "charlie chuck",
    "stephen": "steve stevie steven",
    "deborah": "deb debbie",
    "rebecca": "becky becca",
    "victoria": "vicky tori",
    "susan": "sue susie",
    "jacqueline": "jackie",
    "abigail": "abby",
    "gregory": "greg",
    "timothy": "tim timmy",
    "andrew": "andy drew",
    "kenneth": "ken kenny",
    "ronald": "ron ronnie",
    "donald": "don donnie",
    "francisco": "paco pancho frank",
    "francis": "frank frankie fran",
    "jose": "pepe",
    "guadalupe": "lupe",
    "alejandro": "alex ale",
    "eduardo": "lalo eddie",
    "enrique": "kike quique",
    "ignacio": "nacho",
    "dolores": "lola",
    "nina": "nin",
    "antonio": "tono toni",
}

CANONICAL: dict[str, str] = {}
for _name, _nicks in _GROUPS.items():
    CANONICAL[_name] = _name
    for _nick in _nicks.split():
        CANONICAL.setdefault(_nick, _name)


def canonical(token: str) -> str:
    return CANONICAL.get(token, token)

# Independent check of the PG1 test vector (docs/pass-format.md), using Python and pyca/cryptography only.
# Usage: python3 docs/pg1-vector-check.py daemon/src/test/resources/pg1/vector-1.txt \
#            daemon/src/test/resources/pg1/vector-1-issuer-public.hex
import hashlib,sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
A="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
def b45(s):
    out=bytearray()
    for i in range(0,len(s),3):
        c=s[i:i+3]; n=sum(A.index(ch)*45**k for k,ch in enumerate(c))
        out+= n.to_bytes(2 if len(c)==3 else 1,'big')
    return bytes(out)
def item(b,i):
    ib=b[i]; mt=ib>>5; ai=ib&31; i+=1
    if ai<24: v=ai
    else:
        n={24:1,25:2,26:4,27:8}[ai]; v=int.from_bytes(b[i:i+n],'big'); i+=n
    if mt==0: return v,i
    if mt==1: return -1-v,i
    if mt==2: return bytes(b[i:i+v]),i+v
    if mt==3: return b[i:i+v].decode(),i+v
    if mt==4:
        r=[]
        for _ in range(v): x,i=item(b,i); r.append(x)
        return r,i
    if mt==5:
        r={}
        for _ in range(v): k,i=item(b,i); x,i=item(b,i); r[k]=x
        return r,i
def dec(b): return item(b,0)[0]
def enc_head(mt,n):
    if n<24: return bytes([mt<<5|n])
    for ai,l in ((24,1),(25,2),(26,4),(27,8)):
        if n< 1<<(8*l): return bytes([mt<<5|ai])+n.to_bytes(l,'big')
def bstr(x): return enc_head(2,len(x))+x
def tbs(prot,aad,payload): return bytes([0x84])+bytes([0x6a])+b"Signature1"+bstr(prot)+bstr(aad)+bstr(payload)
text=open(sys.argv[1]).read().strip(); pub=bytes.fromhex(open(sys.argv[2]).read().strip())
raw=b45(text[4:]); cred_b,pres_b=dec(raw)
cred=dec(cred_b); pres=dec(pres_b); claims=dec(cred[2]); shown=dec(pres[2])
print("pass bytes",len(raw),"credential",len(cred_b),"presentation",len(pres_b),"text chars",len(text))
print("credential protected",dec(cred[0]), "claims", claims)
print("presentation protected",dec(pres[0]),"payload",shown)
Ed25519PublicKey.from_public_bytes(pub).verify(cred[3],tbs(cred[0],b"",cred[2])); print("issuer signature OK")
hk=claims[8][1][-2]
Ed25519PublicKey.from_public_bytes(hk).verify(pres[3],tbs(pres[0],hashlib.sha256(cred_b).digest(),pres[2])); print("holder signature OK")
print("credential sha256",hashlib.sha256(cred_b).hexdigest())
